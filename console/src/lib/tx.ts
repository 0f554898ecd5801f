// Submitting a transaction and following it to finality, with each step reported.
import type { PolkadotSigner, TxEvent } from 'polkadot-api';
import { errorName } from './chain';

export interface Submittable {
  signSubmitAndWatch(signer: PolkadotSigner): { subscribe(observer: { next(event: TxEvent): void; error(error: unknown): void }): unknown };
}

export interface Outcome {
  ok: boolean;
  error: string | null;
  block: number;
  events: { type: string; value: { type: string; value: unknown } }[];
}

/** Signs `tx` with `signer`, reports `signed`, `in block #n`, and resolves once final. */
export function submit(tx: Submittable, signer: PolkadotSigner, progress: (step: string) => void): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    tx.signSubmitAndWatch(signer).subscribe({
      next(event) {
        if (event.type === 'signed') progress('signed, sending…');
        else if (event.type === 'broadcasted') progress('sent, waiting for a block…');
        else if (event.type === 'txBestBlocksState' && event.found) progress(`in block #${event.block.number}, waiting for finality…`);
        else if (event.type === 'finalized') {
          resolve({
            ok: event.ok,
            error: event.ok ? null : errorName(event.dispatchError),
            block: event.block.number,
            events: event.events as unknown as Outcome['events'],
          });
        }
      },
      error: reject,
    });
  });
}
