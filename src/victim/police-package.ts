import { z } from 'zod';
import { prefectureByCode } from './prefectures.ts';

/** The three kinds of request of the police's online window. */
export const REQUEST_KINDS = ['report', 'consultation', 'information'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_KIND_JA: Record<RequestKind, string> = {
  report: '通報',
  consultation: '相談',
  information: '情報提供',
};

export const MAX_PACKAGE_SCREENSHOTS = 3;
export const MAX_PACKAGE_SCREENSHOT_BYTES = 3 * 1024 * 1024;

const line = (max: number) => z.string().trim().max(max);

/** What the victim fills in; free text stays text (it is printed, never interpreted). */
export const packageInputSchema = z.object({
  prefecture: z.string().refine((c) => prefectureByCode(c) !== null, 'choose a prefecture'),
  kind: z.enum(REQUEST_KINDS),
  when: line(500),
  where: line(1000),
  who: line(1000),
  what: line(4000).min(1, 'describe what happened'),
  why: line(2000),
  how: line(4000),
  urls: z.array(line(4000)).max(50),
  messages: line(20_000),
  damage: line(4000),
  contact: z.object({ name: line(200), phone: line(50), email: line(320) }),
  consent: z.object({ police: z.boolean(), brand: z.boolean() }),
});

export type PackageInput = z.infer<typeof packageInputSchema>;

export type PackageScreenshot = { contentType: string; dataBase64: string; filename: string | null };

/** The package as downloaded (JSON) and printed (PDF). */
export type PolicePackage = PackageInput & {
  id: string;
  createdAt: string;
  lang: 'ja' | 'en';
  prefectureName: { ja: string; en: string };
  kindJa: string;
  /** The note every package carries: not a formal damage report; emergencies go to 110. */
  notice: { ja: string; en: string };
  screenshots: PackageScreenshot[];
  reportId: string | null;
};

export const PACKAGE_NOTICE = {
  ja: 'このオンラインでの申告は正式な被害届ではありません。被害届の提出は警察署で行ってください。緊急の場合は110番に電話してください。',
  en: 'An online submission is not a formal damage report (被害届); file one at a police station. In an emergency call 110.',
};

/** URLs one a line from the form's textarea (blank lines dropped, duplicates kept once). */
export function urlsFromText(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
