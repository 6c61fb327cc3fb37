// The query page: YASGUI on this endpoint, with the repository's example queries.
// Without the editor's files (not installed), the plain form gets the examples instead.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("kg-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var examples = config.examples;
  var DEFAULT_QUERY = [
    "PREFIX sgo: <https://w3id.org/strategigraf/ontology#>",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
    "",
    "# The focus areas of every strategy, in the document's order",
    "SELECT ?area ?position ?label WHERE {",
    "  ?area a sgo:FocusArea ; sgo:position ?position ; skos:prefLabel ?label .",
    "  FILTER (lang(?label) = \"en\")",
    "}",
    "ORDER BY ?area ?position",
    "",
  ].join("\n");
  var firstQuery = examples.length ? examples[0].query : DEFAULT_QUERY;

  function onExample(open) {
    document.querySelectorAll("button.example").forEach(function (button) {
      button.addEventListener("click", function () {
        open(examples[Number(button.dataset.index)]);
      });
    });
  }

  if (typeof window.Yasgui === "undefined") {
    var textarea = document.getElementById("query");
    textarea.value = firstQuery;
    onExample(function (example) {
      textarea.value = example.query;
    });
    return;
  }

  var Yasgui = window.Yasgui;
  // Only the completers that work offline: "class" and "property" ask a remote vocabulary service.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.value = firstQuery;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {
      endpoint: endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
      acceptHeaderGraph: "text/turtle,*/*;q=0.9",
    },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: endpoint }];
      },
    },
    persistenceId: "strategigraf-sparql",
  });
  // The page opens on the first example and shows its answer: a fresh tab (nothing persisted
  // from an earlier visit) holds it, and every named query answers as written.
  var tab = yasgui.getTab();
  if (tab && tab.getYasqe() && tab.getYasqe().getValue() === firstQuery) {
    tab.getYasqe().query().catch(function () {});
  }
  onExample(function (example) {
    yasgui.addTab(true, {
      name: example.title,
      yasqe: { value: example.query },
      requestConfig: Object.assign({}, yasgui.config.requestConfig, { endpoint: endpoint }),
    });
  });
})();
