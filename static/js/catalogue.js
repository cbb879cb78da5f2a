// Product form: choosing a product of the DNP catalogue fills its name, unit and MGA code
// (the server does the same on save; this only shows it before saving).
(function () {
  "use strict";
  var select = document.getElementById("id_catalogue_product");
  var data = document.getElementById("catalogue-data");
  if (!select || !data) { return; }
  var entries = JSON.parse(data.textContent);
  select.addEventListener("change", function () {
    var entry = entries[select.value];
    if (!entry) { return; }
    var fill = { id_name: entry.name, id_unit: entry.unit, id_mga_product_code: select.value };
    Object.keys(fill).forEach(function (id) {
      var input = document.getElementById(id);
      if (input) { input.value = fill[id]; }
    });
  });
})();
