// whatsapp-web.js brings puppeteer, which would download Chrome at install time. This machine has no such
// network access: we use Debian's chromium (/usr/bin/chromium) instead, so the download is always skipped.
module.exports = { skipDownload: true };
