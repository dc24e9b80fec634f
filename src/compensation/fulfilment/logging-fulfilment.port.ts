import { Logger } from '@nestjs/common';
import { FulfilmentPort, FulfilmentRequest } from './fulfilment.port';

/** Without FULFILMENT_URL: the remedy is logged for staff to carry out, and counts as delivered. */
export class LoggingFulfilmentPort implements FulfilmentPort {
  private readonly logger = new Logger('Fulfilment');

  deliver(request: FulfilmentRequest): Promise<{ reference: string }> {
    this.logger.log({ msg: 'compensation to fulfil', ...request });
    return Promise.resolve({ reference: `log-${request.proposalId}` });
  }
}
