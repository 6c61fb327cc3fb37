// Highlights the lines of a source text that an RFC 5147 fragment names:
// #line=a,b is lines a+1 to b (positions count line ends from 0); #line=a is line a+1.
// A file, not an inline script, so a strict Content-Security-Policy allows it.
"use strict";

function highlightLines() {
  const match = /^#line=(\d+)(?:,(\d+))?/.exec(window.location.hash);
  const lines = document.querySelectorAll("ol.source-text li");
  lines.forEach((line) => line.classList.remove("highlight"));
  if (!match) {
    return;
  }
  const first = Number(match[1]) + 1;
  const last = match[2] === undefined ? first : Math.max(Number(match[2]), first);
  let shown = null;
  for (let number = first; number <= last && number <= lines.length; number += 1) {
    const line = lines[number - 1];
    line.classList.add("highlight");
    shown = shown || line;
  }
  if (shown) {
    shown.scrollIntoView({ block: "center" });
  }
}

document.addEventListener("DOMContentLoaded", highlightLines);
window.addEventListener("hashchange", highlightLines);
