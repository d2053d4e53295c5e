// PDF reader on PDF.js's viewer component: selectable text, deep links (#page=12), phone-sized.
const root = document.getElementById("pdf-reader");
const $ = (role) => root.querySelector(`[data-role="${role}"]`);
const status = $("status");

async function main() {
  const pdfjsLib = await import(root.dataset.pdfjs);
  globalThis.pdfjsLib = pdfjsLib;
  const { EventBus, PDFLinkService, PDFViewer } = await import(root.dataset.viewer);
  pdfjsLib.GlobalWorkerOptions.workerSrc = root.dataset.worker;

  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const viewer = new PDFViewer({
    container: $("container"),
    viewer: $("viewer"),
    eventBus,
    linkService,
    textLayerMode: 1,
  });
  linkService.setViewer(viewer);

  const pdf = await pdfjsLib.getDocument({
    url: root.dataset.file,
    cMapUrl: root.dataset.cmaps,
    cMapPacked: true,
    standardFontDataUrl: root.dataset.fonts,
    wasmUrl: root.dataset.wasm,
    isEvalSupported: false,
    enableScripting: false,
  }).promise;

  const pageInput = $("page");
  pageInput.max = String(pdf.numPages);
  $("count").textContent = `/ ${pdf.numPages}`;

  eventBus.on("pagesinit", () => {
    viewer.currentScaleValue = "page-width";
    const hash = window.location.hash.slice(1);
    if (hash) linkService.setHash(hash);
    status.textContent = "";
    root.dataset.ready = "true";
  });
  eventBus.on("pagechanging", (event) => {
    pageInput.value = String(event.pageNumber);
    root.dataset.page = String(event.pageNumber);
  });
  window.addEventListener("hashchange", () => linkService.setHash(window.location.hash.slice(1)));

  viewer.setDocument(pdf);
  linkService.setDocument(pdf, null);

  root.querySelector('[data-action="prev"]').addEventListener("click", () => viewer.previousPage());
  root.querySelector('[data-action="next"]').addEventListener("click", () => viewer.nextPage());
  root.querySelector('[data-action="zoom-in"]').addEventListener("click", () => {
    viewer.currentScale = Math.min(viewer.currentScale * 1.2, 5);
  });
  root.querySelector('[data-action="zoom-out"]').addEventListener("click", () => {
    viewer.currentScale = Math.max(viewer.currentScale / 1.2, 0.25);
  });
  pageInput.addEventListener("change", () => {
    const number = Number.parseInt(pageInput.value, 10);
    if (number >= 1 && number <= pdf.numPages) viewer.currentPageNumber = number;
  });
}

main().catch((error) => {
  // The message comes from the page, in the interface language.
  status.textContent = root.dataset.errorMessage;
  root.dataset.error = String(error);
});
