// What the theme's scripts (base.js, search) expect as globals, read from this script tag's
// data attributes instead of an inline script, which the server's Content-Security-Policy blocks.
var settings = document.currentScript.dataset;
var base_url = settings.baseUrl;
var shortcuts = JSON.parse(settings.shortcuts);
