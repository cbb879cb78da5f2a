/* Step 4.6: no script needed yet; pages work without JavaScript. */
