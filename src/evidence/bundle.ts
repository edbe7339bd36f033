import { createHash, type KeyObject } from 'node:crypto';
import { readTar, type TarEntry, writeTar } from '../lib/tar.ts';
import { fingerprintOf, publicKeyFrom, type SigningKey, verifySignature } from './signing-key.ts';

export const BUNDLE_FORMAT = 'phishdesk-evidence-bundle/1';
const MANIFEST = 'manifest.json';
const SIGNATURE = 'manifest.sig';
const PUBLIC_KEY = 'operator-key.pem';

export type BundleFile = { name: string; bytes: Buffer; at: number; description: string };

export type ManifestFile = { name: string; sha256: string; size: number; at: string; description: string };

export type Manifest = {
  format: typeof BUNDLE_FORMAT;
  bundleId: string;
  createdAt: string;
  organisation: string;
  keyFingerprint: string;
  keyUrl: string;
  /** What the bundle is about; URLs are defanged. */
  subject: Record<string, unknown>;
  files: ManifestFile[];
};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * One tar archive: the files, manifest.json (SHA-256, size and time of each), manifest.sig (Ed25519 over
 * the manifest's bytes, base64) and the operator's public key for convenience. The archive is canonical
 * (what writeTar writes from the entries), so any changed byte, even in padding, is detected.
 */
export function buildBundle(input: {
  bundleId: string;
  createdAt: number;
  organisation: string;
  keyUrl: string;
  subject: Record<string, unknown>;
  files: readonly BundleFile[];
  key: SigningKey;
}): { archive: Buffer; manifest: Manifest } {
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    bundleId: input.bundleId,
    createdAt: new Date(input.createdAt).toISOString(),
    organisation: input.organisation,
    keyFingerprint: input.key.fingerprint,
    keyUrl: input.keyUrl,
    subject: input.subject,
    files: input.files.map((f) => ({
      name: f.name,
      sha256: sha256(f.bytes),
      size: f.bytes.length,
      at: new Date(f.at).toISOString(),
      description: f.description,
    })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature = Buffer.from(`${input.key.sign(manifestBytes).toString('base64')}\n`, 'ascii');
  const entries: TarEntry[] = [
    { name: MANIFEST, bytes: manifestBytes, mtimeMs: input.createdAt },
    { name: SIGNATURE, bytes: signature, mtimeMs: input.createdAt },
    { name: PUBLIC_KEY, bytes: Buffer.from(input.key.publicKeyPem, 'ascii'), mtimeMs: input.createdAt },
    ...input.files.map((f) => ({ name: f.name, bytes: f.bytes, mtimeMs: f.at })),
  ];
  return { archive: writeTar(entries), manifest };
}

export type Verification = {
  valid: boolean;
  problems: string[];
  manifest: Manifest | null;
  /** Fingerprint of the key the signature was checked with, and whether the caller supplied it. */
  keyFingerprint: string | null;
  keySource: 'given' | 'embedded' | null;
};

/**
 * Checks a bundle offline. With a trusted key (the operator's, from the well-known URL or a file) the
 * signature must be by that key; without one, the key inside the bundle is used and the answer says
 * so (it proves integrity, not who signed).
 */
export function verifyBundle(archive: Buffer, trusted?: KeyObject | string): Verification {
  const problems: string[] = [];
  const fail = (p: string, manifest: Manifest | null = null): Verification => ({
    valid: false,
    problems: [...problems, p],
    manifest,
    keyFingerprint: null,
    keySource: null,
  });
  let entries: TarEntry[];
  try {
    entries = readTar(archive);
  } catch (err) {
    return fail(`not a readable bundle: ${(err as Error).message}`);
  }
  if (!writeTar(entries).equals(archive)) return fail('the archive is not in its canonical form (altered)');
  const byName = new Map(entries.map((e) => [e.name, e.bytes]));
  const manifestBytes = byName.get(MANIFEST);
  const signature = byName.get(SIGNATURE);
  if (!manifestBytes || !signature) return fail('manifest.json or manifest.sig is missing');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    return fail('manifest.json is not JSON');
  }
  if (manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files))
    return fail(`unknown bundle format ${String(manifest.format)}`, manifest);
  let key: KeyObject;
  let keySource: 'given' | 'embedded';
  try {
    if (trusted) {
      key = typeof trusted === 'string' ? publicKeyFrom(trusted) : trusted;
      keySource = 'given';
    } else {
      const embedded = byName.get(PUBLIC_KEY);
      if (!embedded) return fail('no key given and none in the bundle', manifest);
      key = publicKeyFrom(embedded.toString('ascii'));
      keySource = 'embedded';
    }
  } catch (err) {
    return fail(`unusable key: ${(err as Error).message}`, manifest);
  }
  const fingerprint = fingerprintOf(key);
  // Only the canonical encoding (base64 of 64 bytes, one newline): Node's decoder would skip stray
  // characters and ignore padding bits, so a changed byte there would otherwise go unseen.
  const signatureText = signature.toString('latin1');
  const decoded = Buffer.from(signatureText.trim(), 'base64');
  if (decoded.length !== 64 || `${decoded.toString('base64')}\n` !== signatureText)
    problems.push('manifest.sig is not one base64 Ed25519 signature');
  else if (!verifySignature(key, manifestBytes, decoded))
    problems.push(`the signature is not valid for key ${fingerprint}`);
  if (manifest.keyFingerprint !== fingerprint)
    problems.push(`the manifest names key ${manifest.keyFingerprint}, not ${fingerprint}`);
  // The copy of the key inside must be exactly the PEM of the key the manifest names.
  const embedded = byName.get(PUBLIC_KEY);
  if (embedded) {
    let same = false;
    try {
      const k = publicKeyFrom(embedded.toString('latin1'));
      same =
        fingerprintOf(k) === manifest.keyFingerprint &&
        k.export({ type: 'spki', format: 'pem' }).toString() === embedded.toString('latin1');
    } catch {
      same = false;
    }
    if (!same) problems.push(`${PUBLIC_KEY} is not the key the manifest names`);
  }
  const listed = new Set<string>([MANIFEST, SIGNATURE, PUBLIC_KEY]);
  for (const f of manifest.files) {
    listed.add(f.name);
    const bytes = byName.get(f.name);
    if (!bytes) problems.push(`${f.name} is missing`);
    else if (bytes.length !== f.size || sha256(bytes) !== f.sha256)
      problems.push(`${f.name} does not match its SHA-256`);
  }
  for (const e of entries) if (!listed.has(e.name)) problems.push(`${e.name} is not in the manifest`);
  return { valid: problems.length === 0, problems, manifest, keyFingerprint: fingerprint, keySource };
}
