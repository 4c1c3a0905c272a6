// The SPARQL editor: YASGUI pointed at this server's endpoint, with culpa's prefixes and examples.
(function () {
  var examples = JSON.parse(document.getElementById("culpa-examples").textContent);
  var prefixes = JSON.parse(document.getElementById("culpa-prefixes").textContent);
  if (typeof Yasgui === "undefined") { return; }
  var endpoint = new URL("/sparql", window.location.href).toString();
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: examples[0].query }
  });
  var tab = yasgui.getTab();
  tab.getYasqe().addPrefixes(prefixes);
  window.culpaYasgui = yasgui;
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var yasqe = yasgui.getTab().getYasqe();
      yasqe.setValue(examples[Number(button.dataset.index)].query);
      yasqe.query();
    });
  });
})();
