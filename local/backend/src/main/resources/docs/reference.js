// The API reference page: docs/openapi.yaml rendered by Scalar's API reference (scalar-api-reference.js beside this
// file, vendored: see NOTICE.md). Served by the local backend at /docs, where the document comes from /openapi.yaml
// and "Test Request" calls this same backend; `./tenantry reference` inlines the renderer, this file and the document
// into one page for the deployed API, whose servers are the document's own.
(function () {
  'use strict';
  var embedded = document.getElementById('openapi-document');
  var configuration = {
    // Nothing leaves the machine: no web fonts, no telemetry, no request proxy, no AI agent or MCP panels.
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: 'never',
    documentDownloadType: 'yaml',
    authentication: { preferredSecurityScheme: 'bearerAuth' },
    defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' }
  };
  if (embedded) {
    configuration.content = JSON.parse(embedded.textContent);
  } else {
    configuration.url = '/openapi.yaml';
    // The page's own origin, whatever port the backend listens on: requests stay same-origin.
    configuration.servers = [{ url: window.location.origin, description: 'This local backend' }];
    // A local token is short-lived and the data local: keep it across reloads of the page.
    configuration.persistAuth = true;
  }
  window.Scalar.createApiReference('#app', configuration);
})();
