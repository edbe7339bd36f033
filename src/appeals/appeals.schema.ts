import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { SharedUrl } from '../sharing/sharing.repository.ts';
import { text } from '../triage/triage.schema.ts';
import { defang } from '../urls/index.ts';
import type { AppealCursor, AppealRecord } from './appeals.repository.ts';
import type { AppealReceipt } from './appeals.service.ts';

/** Request and response shapes of the appeals API, and the presenters that produce them. */
export const appealBodySchema = z
  .object({
    target: text(8192).min(1).describe('the URL or domain (defanged is fine)'),
    contactEmail: z.email().max(320),
    statement: text(5000).refine((s) => s.trim().length > 0, 'a statement is required'),
    lang: z.enum(['ja', 'en']).optional(),
  })
  .strict();

export const decisionBodySchema = z
  .object({
    outcome: z.enum(['upheld', 'rejected']),
    reason: text(2000).refine((s) => s.trim().length > 0, 'a reason is required'),
  })
  .strict();

export const receiptSchema = z.object({
  id: z.number(),
  status: z.literal('open'),
  receivedAt: z.string(),
  deadline: z.string(),
  publiclyListed: z.boolean(),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const appealSchema = z.object({
  id: z.number(),
  target: z.object({
    input: z.string(),
    kind: z.enum(['url', 'host', 'domain']),
    value: z.string(),
    defanged: z.string(),
  }),
  contactEmail: z.string(),
  statement: z.string(),
  lang: z.string(),
  status: z.enum(['open', 'upheld', 'rejected']),
  receivedAt: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  matchedAtReceipt: z.number(),
  decidedAt: z.string().nullable(),
  decidedBy: z.number().nullable(),
  decisionReason: z.string().nullable(),
  removedUrlIds: z.array(z.number()),
});

export const listedUrlSchema = z.object({
  urlId: z.number(),
  defanged: z.string(),
  tlp: z.string(),
  listedAt: z.string(),
});

export const appealDetailSchema = appealSchema.extend({
  listed: z.array(listedUrlSchema),
  listedTotal: z.number(),
});

export function presentReceipt(r: AppealReceipt) {
  return {
    id: r.id,
    status: 'open' as const,
    receivedAt: iso(r.receivedAt)!,
    deadline: iso(r.deadlineAt)!,
    publiclyListed: r.publiclyListed,
  };
}

export function presentAppeal(a: AppealRecord, now: number) {
  return {
    id: a.id,
    target: {
      input: a.targetInput,
      kind: a.targetKind,
      value: a.targetValue,
      defanged: a.targetKind === 'url' ? defang(a.targetValue) : a.targetValue.replaceAll('.', '[.]'),
    },
    contactEmail: a.contactEmail,
    statement: a.statement,
    lang: a.lang,
    status: a.status,
    receivedAt: iso(a.receivedAt)!,
    deadline: iso(a.deadlineAt)!,
    overdue: a.status === 'open' && now > a.deadlineAt,
    matchedAtReceipt: a.matchedAtReceipt,
    decidedAt: iso(a.decidedAt),
    decidedBy: a.decidedBy,
    decisionReason: a.decisionReason,
    removedUrlIds: a.removedUrlIds,
  };
}

export const presentListed = (u: SharedUrl) => ({
  urlId: u.urlId,
  defanged: defang(u.url),
  tlp: u.tlp,
  listedAt: iso(u.listedAt)!,
});

export function encodeAppealCursor(c: AppealCursor): string {
  return Buffer.from(`${c.deadline}.${c.id}`).toString('base64url');
}

export function decodeAppealCursor(value: string): AppealCursor {
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(value, 'base64url').toString());
  if (!m) throw new AppError('request.invalid', 'unreadable cursor');
  return { deadline: Number(m[1]), id: Number(m[2]) };
}
