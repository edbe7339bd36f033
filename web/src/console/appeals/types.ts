/** The appeals API's shapes as the console reads them (src/appeals/appeals.schema.ts). */
export type Appeal = {
  id: number;
  target: { input: string; kind: 'url' | 'host' | 'domain'; value: string; defanged: string };
  contactEmail: string;
  statement: string;
  lang: string;
  status: 'open' | 'upheld' | 'rejected';
  receivedAt: string;
  deadline: string;
  overdue: boolean;
  matchedAtReceipt: number;
  decidedAt: string | null;
  decidedBy: number | null;
  decisionReason: string | null;
  removedUrlIds: number[];
};

export type AppealDetail = Appeal & {
  listed: { urlId: number; defanged: string; tlp: string; listedAt: string }[];
  listedTotal: number;
};
