// Countersign review console: reads a chosen PDF's text layer in the admin's
// browser, with pdf.js (unpdf's build, served from /vendor/ and copied there by
// scripts/vendor-assets.mjs), because the Worker bundles no PDF parser. Only
// the pages' text is uploaded. Without this script, a PDF is sent as a file and
// the Worker refuses it with the command that ingests it.
const form = document.querySelector('form[action="/admin/knowledge"]');
const input = form?.querySelector('input[type="file"][name="file"]');
const status = form?.querySelector('[data-pdf-status]');
const pagesField = form?.querySelector('input[name="pdfPages"]');
const nameField = form?.querySelector('input[name="pdfName"]');

function say(text) {
  if (status) status.textContent = text;
}

async function pageTexts(bytes) {
  const { getDocument } = await import('/vendor/pdfjs.mjs');
  // isEvalSupported: false, as unpdf does: fonts are never compiled to code (the console's CSP forbids eval anyway).
  const pdf = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: true }).promise;
  try {
    const pages = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      pages.push(content.items.filter((item) => item.str != null).map((item) => item.str + (item.hasEOL ? '\n' : '')).join(''));
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

async function read(file) {
  pagesField.value = '';
  nameField.value = '';
  if (!file || !/\.pdf$/i.test(file.name)) return say('');
  say('Reading the PDF in your browser…');
  try {
    const pages = await pageTexts(new Uint8Array(await file.arrayBuffer()));
    if (!pages.some((page) => page.trim())) return say('This PDF has no text layer (is it a scan?): there is no text to index.');
    pagesField.value = JSON.stringify(pages);
    nameField.value = file.name;
    say(`Read ${pages.length} page${pages.length === 1 ? '' : 's'} in your browser: only their text will be uploaded.`);
  } catch {
    say('This PDF could not be read in your browser (damaged or encrypted?). Ingest it with npm run ingest -- file.pdf.');
  }
}

if (form && input && pagesField && nameField) {
  let reading = null;
  input.addEventListener('change', () => {
    const current = read(input.files?.[0]).finally(() => {
      if (reading === current) reading = null;
    });
    reading = current;
  });
  form.addEventListener('submit', async (event) => {
    if (reading) {
      // Still reading the PDF: submit once it is read (or found unreadable).
      event.preventDefault();
      await reading;
      form.requestSubmit();
      return;
    }
    // The text is sent, the file itself is not (a disabled input is not submitted). An
    // unreadable PDF goes as a file: the Worker refuses it with the command that ingests it.
    if (pagesField.value) input.disabled = true;
  });
  // Back-forward cache: a page restored after submitting must let the admin choose a file again.
  window.addEventListener('pageshow', () => {
    input.disabled = false;
  });
}
