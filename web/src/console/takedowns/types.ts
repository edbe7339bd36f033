/** The JSON of /api/v1/takedowns: the shapes the routes declare (src/takedowns/takedowns.schemas.ts). */

export type { Desk, UpdateDesk } from '../../../../src/takedowns/desks.schemas.ts';
export type {
  CaseDetail,
  CaseEvent,
  TakedownCase,
  TakedownMetrics as Metrics,
} from '../../../../src/takedowns/takedowns.schemas.ts';
export type { CaptureView as Capture } from '../../../../src/takedowns/url-checks.schema.ts';
