// EPUB reader on epub.js: table of contents, previous/next, keyboard, deep link by chapter (#chapter).
(function () {
  "use strict";
  var root = document.getElementById("epub-reader");
  var status = root.querySelector('[data-role="status"]');
  var toc = root.querySelector('[data-role="toc"]');

  function fail(error) {
    // The message comes from the page, in the interface language.
    status.textContent = root.dataset.errorMessage;
    root.dataset.error = String(error);
  }

  try {
    var book = window.ePub(root.dataset.file, { openAs: "epub" });
    var rendition = book.renderTo(root.querySelector('[data-role="area"]'), {
      width: "100%",
      height: "100%",
      spread: "none",
      allowScriptedContent: false,
    });
    var start = decodeURIComponent(window.location.hash.slice(1)) || undefined;
    rendition.display(start).then(function () {
      status.textContent = "";
      root.dataset.ready = "true";
    }, fail);
    book.loaded.navigation.then(function (navigation) {
      toc.innerHTML = "";
      navigation.toc.forEach(function (chapter) {
        var option = document.createElement("option");
        option.value = chapter.href;
        option.textContent = chapter.label.trim();
        toc.appendChild(option);
      });
    });
    rendition.on("relocated", function (location) {
      root.dataset.chapter = location.start.href;
      for (var i = 0; i < toc.options.length; i += 1) {
        if (toc.options[i].value.split("#")[0] === location.start.href) toc.selectedIndex = i;
      }
    });
    toc.addEventListener("change", function () {
      if (toc.value) rendition.display(toc.value);
    });
    root.querySelector('[data-action="prev"]').addEventListener("click", function () { rendition.prev(); });
    root.querySelector('[data-action="next"]').addEventListener("click", function () { rendition.next(); });
    document.addEventListener("keyup", function (event) {
      if (event.key === "ArrowLeft") rendition.prev();
      if (event.key === "ArrowRight") rendition.next();
    });
  } catch (error) {
    fail(error);
  }
})();
