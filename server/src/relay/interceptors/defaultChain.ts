/** The interceptors every down-track gets unless told otherwise. */
import type { DownTrackContext, DownTrackInterceptor } from './interceptor.js';
import { KeyframeForwarder } from './keyframeForwarder.js';
import { NackResponder, type NackResponderOptions } from './nackResponder.js';
import { ReceiverReportReader } from './receiverReportReader.js';
import { SenderReportRewriter } from './senderReportRewriter.js';

export interface DefaultChain {
  interceptors: DownTrackInterceptor[];
  receiverReports: ReceiverReportReader;
}

export function defaultChain(context: DownTrackContext, nack: NackResponderOptions): DefaultChain {
  const senderReports = new SenderReportRewriter(context);
  const receiverReports = new ReceiverReportReader(context, (lsr) => senderReports.sentTimeOf(lsr));
  return {
    receiverReports,
    interceptors: [new NackResponder(context, nack), new KeyframeForwarder(context), receiverReports, senderReports],
  };
}
