/** The JSON of /api/v1/takedowns: the shapes the routes declare (src/takedowns/takedowns.schemas.ts). */
export type {
  CaseDetail,
  CaseEvent,
  TakedownCase,
  TakedownMetrics as Metrics,
} from '../../../../src/takedowns/takedowns.schemas.ts';

export type Capture = {
  id: number;
  variant: string;
  captured_at: number;
  final_url: string | null;
  title: string | null;
  screenshot_sha256: string | null;
  status: string;
  formFields: { label: string | null; name: string | null; type: string }[];
  differences: string[];
};
