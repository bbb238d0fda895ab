import { toCsv } from '../../../shared/csv';
import { formatPhone } from '../../../shared/phone';
import { beijingTime } from '../history/service';
import { catalogText } from '../kernel/catalog';
import type { HandlerGroup } from '../kernel/handlers';
import type { ExportWriter } from '../files';
import type { InboundService } from './service';

export type InboundCallNames =
  | 'replies.list'
  | 'replies.export'
  | 'receipts.other'
  | 'receipts.forJob'
  | 'inbound.status'
  | 'inbound.pullNow';

const COLUMNS = ['time', 'phone', 'text', 'sign', 'extendCode', 'optOut'] as const;

export function createInboundHandlers(
  svc: InboundService,
  deps: { exports: ExportWriter; currentSdkAppId: () => Promise<string> },
): HandlerGroup<InboundCallNames> {
  return {
    'replies.list': async (i) =>
      svc.repo.replies(await deps.currentSdkAppId(), i.search, i.offset, i.limit),
    'replies.export': async (i) => {
      const app = await deps.currentSdkAppId();
      const out = await deps.exports.save(deps.exports.stampedName('replies'), (file) => {
        const rows: (string | number)[][] = [];
        const PAGE = 5000;
        for (let offset = 0; ; offset += PAGE) {
          const page = svc.repo.replies(app, '', offset, PAGE).rows;
          for (const r of page) {
            rows.push([
              beijingTime(r.repliedAt),
              formatPhone(r.phone),
              r.text,
              r.sign,
              r.extendCode,
              r.optOut ? catalogText(i.language, 'inbound.csv.yes') : '',
            ]);
          }
          if (page.length < PAGE) break;
        }
        file.write(
          toCsv(
            COLUMNS.map((c) => catalogText(i.language, `inbound.csv.${c}`)),
            rows,
          ),
        );
        return rows.length;
      });
      return { path: out.path, count: out.rows };
    },
    'receipts.other': async (i) =>
      svc.otherReceipts(await deps.currentSdkAppId(), i.offset, i.limit),
    'receipts.forJob': (i) => svc.countsForJob(i.jobId),
    'inbound.status': () => ({ lastPullAt: svc.lastPullAt, lastError: svc.lastError }),
    'inbound.pullNow': async () => {
      const r = await svc.cycle();
      return { receipts: r.receipts + r.backfilled, replies: r.replies, lastError: svc.lastError };
    },
  };
}
