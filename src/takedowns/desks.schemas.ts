import { z } from 'zod';
import { DESK_CHANNELS, DESK_KEY_KINDS } from './desks.rules.ts';

/** Request and response shapes of the abuse-desk registry (src/takedowns/desks.routes.ts). */
const epochMs = z.number().describe('epoch milliseconds');
const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL');

export const deskRecordSchema = z.object({
  requests: z.number().int().describe('cases in which the desk was sent or filed a request'),
  acknowledged: z.number().int().describe('of those, cases that recorded an acknowledgement'),
  acted: z.number().int().describe('of those, cases whose site went down'),
  medianToDownMs: z.number().nullable().describe('median time from the first request to down'),
});

export const deskSchema = z.object({
  id: z.number().int(),
  keyKind: z.enum(DESK_KEY_KINDS),
  key: z.string().describe('lower-cased RDAP handle, network name or domain'),
  name: z.string().nullable(),
  channel: z
    .enum(DESK_CHANNELS)
    .describe(
      'email: requests are mailed; web_form: the analyst files the form and marks the case filed; api: stored only, not automated yet (filed by hand like a web form)',
    ),
  email: z.string().nullable(),
  formUrl: z.string().nullable(),
  apiUrl: z.string().nullable(),
  automated: z.boolean().describe('whether phishdesk sends the request itself (only e-mail today)'),
  lang: z.enum(['ja', 'en']),
  needs: z.string().describe('what the desk needs in a request, shown to the analyst'),
  source: z.enum(['rdap', 'manual']),
  createdAt: epochMs,
  updatedAt: epochMs,
  record: deskRecordSchema,
});

export const deskListSchema = z.object({ desks: z.array(deskSchema) });

const deskFields = {
  name: z.string().trim().max(200).nullable(),
  channel: z.enum(DESK_CHANNELS),
  email: z.string().email().max(320).nullable(),
  formUrl: httpUrl.nullable(),
  apiUrl: httpUrl.nullable(),
  lang: z.enum(['ja', 'en']),
  needs: z.string().max(4000),
};

export const createDeskBody = z
  .object({
    keyKind: z.enum(DESK_KEY_KINDS),
    key: z.string().trim().min(1).max(255),
    ...deskFields,
    name: deskFields.name.default(null),
    email: deskFields.email.default(null),
    formUrl: deskFields.formUrl.default(null),
    apiUrl: deskFields.apiUrl.default(null),
    lang: deskFields.lang.default('en'),
    needs: deskFields.needs.default(''),
  })
  .strict();

export const updateDeskBody = z.object(deskFields).partial().strict();

export type Desk = z.infer<typeof deskSchema>;
export type CreateDesk = z.infer<typeof createDeskBody>;
export type UpdateDesk = z.infer<typeof updateDeskBody>;
