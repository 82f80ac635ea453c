// Live reload for `planwright serve`. The server adds this script to pages
// as it sends them; it is never part of the built site.
//
// The server sends the whole current state as server-sent events:
//   built  {server, build, changed}   the site was rebuilt; `changed` lists
//                                     the site paths that differ
//   failed {server, build, summary, problems}
//                                     the content has problems; the last
//                                     good site (`build`) is still served
// This page knows which server and build it came from and which file it
// is (`data-page`, or `*` for "any change matters"), so it reloads only
// when something it shows has changed.
(function () {
  "use strict";
  var script = document.currentScript;
  var server = script.getAttribute("data-server");
  var build = Number(script.getAttribute("data-build"));
  var page = script.getAttribute("data-page");
  var overlay = null;

  // Files a page draws in (stylesheets, scripts, images, fonts, video)
  // can appear on any page; files it only links to (PDFs, calendars, the
  // sitemap) and other pages do not change how this one looks.
  var EMBEDDED = /\.(css|m?js|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf|mp4|webm)$/i;

  function affects(changed) {
    return page === "*" || changed.some(function (path) {
      return path === page || EMBEDDED.test(path);
    });
  }

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function el(parent, tag, css, text) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    if (text !== undefined) {
      node.textContent = text;
    }
    parent.appendChild(node);
    return node;
  }

  // The overlay lives in a shadow root so the site's stylesheet cannot
  // restyle or hide it; all text goes in through textContent, so the
  // messages are shown as they are, never parsed as HTML.
  function show(state) {
    hide();
    overlay = document.createElement("div");
    var root = overlay.attachShadow({ mode: "open" });
    var box = el(root, "section",
      "all:initial;position:fixed;z-index:2147483647;left:0;right:0;top:0;" +
      "max-height:60vh;overflow:auto;box-sizing:border-box;padding:1rem 1.25rem;" +
      "background:#5c0011;color:#fff;font:16px/1.45 system-ui,sans-serif;" +
      "border-bottom:4px solid #ffb3c1;box-shadow:0 4px 16px rgba(0,0,0,.4)");
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "title");
    var title = el(box, "h2", "margin:0 0 .5rem;font:700 1.2rem/1.3 system-ui,sans-serif",
      state.summary);
    title.id = "title";
    el(box, "p", "margin:0 0 .75rem",
      "This page shows the last version that built. Save a fix and it updates by itself.");
    el(box, "pre",
      "margin:0 0 .75rem;padding:.75rem;background:#fff;color:#1a1a1a;white-space:pre-wrap;" +
      "overflow-wrap:anywhere;font:15px/1.45 ui-monospace,monospace;border-radius:4px",
      state.problems.join("\n"));
    var close = el(box, "button",
      "font:inherit;padding:.3rem .9rem;background:#fff;color:#5c0011;border:2px solid #fff;" +
      "border-radius:4px;cursor:pointer", "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    document.body.appendChild(overlay);
  }

  var events = new EventSource("/__planwright/events");
  events.addEventListener("built", function (event) {
    var state = JSON.parse(event.data);
    hide();
    var restarted = state.server !== server;
    var missed = state.build > build + 1;
    var next = state.build === build + 1 && affects(state.changed);
    if (restarted || missed || next) {
      events.close();
      window.location.reload();
      return;
    }
    build = Math.max(build, state.build);
  });
  events.addEventListener("failed", function (event) {
    show(JSON.parse(event.data));
  });
})();
