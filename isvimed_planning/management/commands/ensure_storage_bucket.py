"""Create the private S3 bucket of STORAGES["default"] when it does not exist yet (docker-compose.yml's
one-shot `bucket` service, before web and worker start). Waits up to --wait seconds for the storage
server to answer. With the file system storage there is nothing to do."""
import time

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from storages.backends.s3 import S3Storage


class Command(BaseCommand):
    help = "Crea el bucket privado de los archivos si no existe (almacenamiento S3)."

    def add_arguments(self, parser):
        parser.add_argument("--wait", type=int, default=0, help="segundos de espera a que el servidor S3 responda")

    def handle(self, *args, wait, **options):
        storage = storages["default"]
        if not isinstance(storage, S3Storage):
            self.stdout.write("Los archivos se guardan en disco (MEDIA_ROOT): no hay bucket que crear.")
            return
        client = storage.connection.meta.client
        name = storage.bucket_name
        deadline = time.monotonic() + wait
        while True:
            try:
                self._ensure(client, name, storage.region_name)
                return
            except (BotoCoreError, ClientError) as error:
                if time.monotonic() >= deadline:
                    raise CommandError(f"No se pudo crear ni leer el bucket {name}: {error}") from None
                time.sleep(2)

    def _ensure(self, client, name, region):
        try:
            client.head_bucket(Bucket=name)
            self.stdout.write(f"El bucket {name} ya existe.")
            return
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
                raise
        extra = {"CreateBucketConfiguration": {"LocationConstraint": region}} if region and region != "us-east-1" else {}
        client.create_bucket(Bucket=name, **extra)
        self.stdout.write(f"Bucket {name} creado (privado).")
