/**
 * The dashboard's KYC section over real HTTP on the real database: the owner sends documents as a browser's file form
 * does (multipart/form-data with the CSRF token in the body), asks for a review, and reads the back office's outcome
 * with its reason and the new limits; files that are not what they say, too large, or sent without the token, and
 * members whose role may not, are refused with nothing kept.
 */
import type { Msisdn } from '../../../domain/phone';
import type { TeamRole } from '../../../domain/merchants/team/roles';
import { francs } from '../../../bots/dashboard/dashboardLayout';
import { useProduct } from '../../support/chat';
import { aPdf, aPdfWithJavaScript, aPng } from '../../support/kycFiles';
import { aTeamMerchant, signIn, type DashboardClient, type TeamMerchant } from './dashboard.support';

const MAX_BYTES = 64 * 1024;
const product = useProduct({ pagesOnPort: true, settings: { KYC_MAX_UPLOAD_BYTES: MAX_BYTES } });

function actor(merchant: TeamMerchant, role: TeamRole): Msisdn {
  return role === 'owner' ? merchant.owner : merchant.members[role];
}

interface FileToSend {
  bytes: Uint8Array;
  name: string;
  type: string;
}

/** Posts a multipart form as a browser's file form does: the token first, the kind, then the file. */
async function sendMultipart(
  client: DashboardClient,
  path: string,
  fields: { type?: string; file?: FileToSend; csrf?: string | false },
) {
  const form = new FormData();
  const token = fields.csrf === undefined ? client.csrf : fields.csrf;
  if (token !== false) form.append('_csrf', token);
  form.append('type', fields.type ?? 'owner_id');
  if (fields.file) form.append('file', new Blob([fields.file.bytes], { type: fields.file.type }), fields.file.name);
  const response = await fetch(`${product.dashboard.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: client.cookie },
    body: form,
  });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

function upload(client: DashboardClient, type: string, file: FileToSend, csrf?: string | false) {
  return sendMultipart(client, '/kyc/documents?lang=en', { type, file, ...(csrf === undefined ? {} : { csrf }) });
}

const png = (name = 'cni.png', size = 200): FileToSend => ({ bytes: aPng(size), name, type: 'image/png' });
const pdf = (name = 'rccm.pdf'): FileToSend => ({ bytes: aPdf(), name, type: 'application/pdf' });

async function documentsOf(merchant: TeamMerchant) {
  return product.services.kycDocuments.list(merchant.merchantId);
}

/** The merchant's submissions waiting for the back office (other tests' merchants wait too). */
async function pendingOf(merchant: TeamMerchant) {
  return (await product.services.kycReview.pending()).filter((s) => s.merchantId === merchant.merchantId);
}

/** The table of documents on the page, to check what it lists apart from the rest of the page. */
function documentsTable(html: string): string {
  return /<table class="kyc-documents">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
}

it('lists the PNG and the PDF the owner sends, with their kind, name, type, size and status', async () => {
  const merchant = await aTeamMerchant(product, '237677791');
  const owner = await signIn(product, merchant.owner);
  const sentPng = await upload(owner, 'owner_id', png('<i>cni&amp;co.png', 2048));
  expect(sentPng).toMatchObject({ status: 303, location: '/dashboard/kyc?done=uploaded&lang=en' });
  const rccm = pdf('RCCM été.pdf');
  const sentPdf = await upload(owner, 'business_registration', rccm);
  expect(sentPdf.status).toBe(303);
  // The same bytes again are the same document: the first name stays.
  const again = await upload(owner, 'business_registration', { ...rccm, name: 'copy.pdf' });
  expect(again.location).toBe('/dashboard/kyc?done=known&lang=en');

  const kept = await documentsOf(merchant);
  expect(kept.map((d) => [d.type, d.contentType, d.fileName]).sort()).toEqual([
    ['business_registration', 'application/pdf', 'RCCM été.pdf'],
    ['owner_id', 'image/png', '<i>cni&amp;co.png'],
  ]);
  const page = await owner.get('/kyc?lang=en&done=known');
  expect(page.status).toBe(200);
  expect(page.body).toContain('This file was already sent for this document.');
  const table = documentsTable(page.body);
  expect(table).toContain('Owner’s ID card or passport');
  expect(table).toContain('&#60;i&#62;cni&#38;amp;co.png');
  expect(table).not.toContain('<i>cni');
  expect(table).toContain('Trade register extract (RCCM)');
  expect(table).toContain('RCCM été.pdf');
  expect(table).toContain('image/png');
  expect(table).toContain('application/pdf');
  expect(table).toContain('2 KB');
  expect(table.match(/not submitted/g)).toHaveLength(2);
  expect(page.body).toContain('Every document the level verified needs is sent: ask for the review.');
  expect(page.body).toContain('enctype="multipart/form-data"');
});

it('refuses a file that is not what it says, keeping nothing', async () => {
  const merchant = await aTeamMerchant(product, '237677792');
  const owner = await signIn(product, merchant.owner);
  const cases: { file: FileToSend; type?: string; status: number; says: string }[] = [
    {
      file: { bytes: Buffer.from('not an image at all'), name: 'cni.png', type: 'image/png' },
      status: 415,
      says: 'This file is not a JPEG, a PNG or a PDF.',
    },
    {
      file: { bytes: aPng(), name: 'cni.pdf', type: 'application/pdf' },
      status: 415,
      says: 'This file is not what its name says',
    },
    {
      file: { bytes: aPdfWithJavaScript(), name: 'rccm.pdf', type: 'application/pdf' },
      status: 422,
      says: 'This PDF holds scripts: send a plain scan.',
    },
    { file: { bytes: Buffer.alloc(0), name: 'empty.png', type: 'image/png' }, status: 400, says: 'The file is empty.' },
    { file: png(), type: 'selfie', status: 400, says: 'Choose which document this is.' },
  ];
  for (const { file, type, status, says } of cases) {
    const answer = await upload(owner, type ?? 'owner_id', file);
    expect([file.name, answer.status]).toEqual([file.name, status]);
    expect(answer.body).toContain(says);
  }
  const noFile = await sendMultipart(owner, '/kyc/documents?lang=en', { type: 'owner_id' });
  expect(noFile.status).toBe(400);
  expect(noFile.body).toContain('Choose a file to send.');
  expect(await documentsOf(merchant)).toEqual([]);
});

it('answers 413 in words for a file above the size limit and keeps nothing; one at the limit is taken', async () => {
  const merchant = await aTeamMerchant(product, '237677793');
  const owner = await signIn(product, merchant.owner);
  const tooBig = await upload(owner, 'owner_id', png('big.png', MAX_BYTES + 1));
  expect(tooBig.status).toBe(413);
  expect(tooBig.body).toContain('The file is too large: at most 64 KB.');
  expect(await documentsOf(merchant)).toEqual([]);

  const atLimit = await upload(owner, 'owner_id', png('limit.png', MAX_BYTES));
  expect(atLimit.status).toBe(303);
  expect((await documentsOf(merchant)).map((d) => d.size)).toEqual([MAX_BYTES]);
});

it('refuses a file form without the session’s CSRF token, and a multipart body on any other route', async () => {
  const merchant = await aTeamMerchant(product, '237677794');
  const owner = await signIn(product, merchant.owner);
  const withoutToken = await upload(owner, 'owner_id', png(), false);
  expect(withoutToken.status).toBe(403);
  expect(withoutToken.body).toContain('This form has expired.');
  expect((await upload(owner, 'owner_id', png(), 'x'.repeat(owner.csrf.length))).status).toBe(403);
  // Only the file form is read as multipart: another route would not find its token, so it is refused even with one.
  await upload(owner, 'owner_id', png());
  await upload(owner, 'business_registration', pdf());
  const elsewhere = await sendMultipart(owner, '/kyc/submissions?lang=en', {});
  expect(elsewhere.status).toBe(403);
  expect(await product.services.kycReview.ofMerchant(merchant.merchantId)).toEqual([]);
  expect((await documentsOf(merchant)).length).toBe(2);
});

it('lets the owner send documents and ask for a review; the others read at most, and change nothing', async () => {
  const merchant = await aTeamMerchant(product, '237677795');
  const cases: { role: TeamRole; read: number; act: number }[] = [
    { role: 'owner', read: 200, act: 303 },
    { role: 'admin', read: 200, act: 403 },
    { role: 'operations', read: 200, act: 403 },
    { role: 'viewer', read: 200, act: 403 },
    { role: 'developer', read: 200, act: 403 },
    { role: 'cashier', read: 403, act: 403 },
  ];
  for (const { role, read, act } of cases) {
    const client = await signIn(product, actor(merchant, role));
    const page = await client.get('/kyc?lang=en');
    expect([role, page.status]).toEqual([role, read]);
    if (read === 200) {
      expect(page.body).toContain('Your verification level');
      expect(page.body.includes('enctype="multipart/form-data"')).toBe(act === 303);
    }
    const before = await documentsOf(merchant);
    const sent = await upload(client, 'owner_id', png(`${role}.png`));
    expect([role, sent.status]).toEqual([role, act]);
    if (act !== 303) expect(await documentsOf(merchant)).toEqual(before);
  }
  await upload(await signIn(product, merchant.owner), 'business_registration', pdf());
  for (const role of ['admin', 'operations', 'viewer', 'developer', 'cashier'] as const) {
    const client = await signIn(product, actor(merchant, role));
    expect([role, (await client.post('/kyc/submissions?lang=en', { level: 'verified' })).status]).toEqual([role, 403]);
  }
  expect(await product.services.kycReview.ofMerchant(merchant.merchantId)).toEqual([]);
  const owner = await signIn(product, merchant.owner);
  expect((await owner.post('/kyc/submissions?lang=en', { level: 'verified' })).status).toBe(303);
});

it('shows the review asked, then the back office’s outcome with its reason and the new limits', async () => {
  const merchant = await aTeamMerchant(product, '237677796');
  const owner = await signIn(product, merchant.owner);
  await upload(owner, 'owner_id', png());
  const early = await owner.post('/kyc/submissions?lang=en', { level: 'verified' });
  expect(early.status).toBe(422);
  expect(early.body).toContain('Some documents are missing: Trade register extract (RCCM).');
  expect((await owner.post('/kyc/submissions?lang=en', { level: 'gold' })).status).toBe(400);
  expect(await product.services.kycReview.ofMerchant(merchant.merchantId)).toEqual([]);

  await upload(owner, 'business_registration', pdf('rccm-flou.pdf'));
  const asked = await owner.post('/kyc/submissions?lang=en', { level: 'verified' });
  expect(asked).toMatchObject({ status: 303, location: '/dashboard/kyc?done=submitted&lang=en' });
  let page = await owner.get('/kyc?lang=en');
  expect(page.body).toContain('waiting for review');
  expect(documentsTable(page.body).match(/under review/g)).toHaveLength(2);

  // The back office decides as its command does (tools/kycReview.ts).
  const [first] = await pendingOf(merchant);
  const rejected = await product.services.kycReview.decide({
    submissionId: first!._id,
    outcome: 'rejected',
    reason: 'RCCM illisible, renvoyez un scan net',
    reviewer: 'conformite@example.cm',
  });
  expect(rejected.ok).toBe(true);
  page = await owner.get('/kyc?lang=en');
  expect(page.body).toContain('RCCM illisible, renvoyez un scan net');
  expect(page.body).toContain('kyc-outcome-rejected');
  expect(page.body).toContain('Your business is at level not verified.');

  await upload(owner, 'business_registration', pdf('rccm-net.pdf'));
  expect((await owner.post('/kyc/submissions?lang=en', { level: 'verified' })).status).toBe(303);
  const [second] = await pendingOf(merchant);
  const approved = await product.services.kycReview.decide({
    submissionId: second!._id,
    outcome: 'approved',
    reason: 'Documents conformes',
    reviewer: 'conformite@example.cm',
  });
  expect(approved.ok).toBe(true);

  page = await owner.get('/kyc?lang=en');
  expect(page.body).toContain('Your business is at level verified.');
  expect(page.body).toContain('Documents conformes');
  expect(page.body).toContain('kyc-outcome-approved');
  const current = /<tr class="kyc-current-row">[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? '';
  expect(current).toContain(francs(2_000_000, 'en'));
  expect(current).toContain(francs(10_000_000, 'en'));
  expect(page.body).toContain(
    'To reach the level full, send: Taxpayer number certificate (NIU), Proof of address, Bank details (RIB) or mobile-money account.',
  );
  const table = documentsTable(page.body);
  expect(table.match(/>approved</g)).toHaveLength(2);
  expect(table.match(/>rejected</g)).toHaveLength(1);
  expect((await owner.post('/kyc/submissions?lang=en', { level: 'verified' })).status).toBe(409);
  const french = await owner.get('/kyc?lang=fr');
  expect(french.body).toContain('Votre entreprise est au niveau vérifié.');
});
