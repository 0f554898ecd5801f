// The app's shared state (connection, live heads, accounts) and the small components every page
// uses, so each page shows a clear loading, empty and error state, never a blank one.
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Account } from './lib/accounts';
import type { Chain, Head, NodeStatus } from './lib/chain';

export interface Settings {
  nodeUrl: string;
  gatewayUrl: string;
}

export interface AppState {
  settings: Settings;
  chain: Chain | null;
  status: NodeStatus;
  connectError: string | null;
  best: Head | null;
  finalized: Head | null;
  accounts: Account[];
  account: Account | null;
  selectAccount(address: string): void;
}

export const App = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(App);
  if (!app) throw new Error('outside the app');
  return app;
}

/** The chain, for pages that render only once connected (see `Connected`). */
export function useChain(): Chain {
  const { chain } = useApp();
  if (!chain) throw new Error('not connected');
  return chain;
}

export interface Async<T> {
  value: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** `load` run when `deps` change; a reload keeps the last value on screen while it runs. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ value: T | undefined; error: string | null; loading: boolean }>({ value: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const id = ++run.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (value) => id === run.current && setState({ value, error: null, loading: false }),
      (error: unknown) => id === run.current && setState((previous) => ({ value: previous.value, error: message(error), loading: false })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

export function Loading({ what }: { what: string }) {
  return <p class="state loading" role="status">Loading {what}…</p>;
}

export function ErrorBox({ title, detail, retry }: { title: string; detail?: string | null; retry?: () => void }) {
  return (
    <div class="state error" role="alert">
      <strong>{title}</strong>
      {detail && <p>{detail}</p>}
      {retry && <button onClick={retry}>Try again</button>}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state empty">{children}</p>;
}

/** Renders `children(value)` once `state` has a value, with its loading and error states. */
export function Show<T>({ state, what, children }: { state: Async<T>; what: string; children: (value: T) => ComponentChildren }) {
  if (state.value === undefined) {
    if (state.error) return <ErrorBox title={`Could not load ${what}`} detail={state.error} retry={state.reload} />;
    return <Loading what={what} />;
  }
  return (
    <>
      {state.error && <ErrorBox title={`Could not refresh ${what}`} detail={state.error} retry={state.reload} />}
      {children(state.value)}
    </>
  );
}

/** Children only while connected to a node; otherwise why not. */
export function Connected({ children }: { children: ComponentChildren }) {
  const { chain, status, connectError, settings } = useApp();
  if (connectError) return <ErrorBox title={`The node at ${settings.nodeUrl} cannot be reached`} detail={connectError} />;
  if (!chain) return <Loading what={`the chain at ${settings.nodeUrl}`} />;
  return (
    <>
      {status === 'unreachable' && (
        <ErrorBox title={`The node at ${settings.nodeUrl} went away`} detail="Showing what was last read; the page updates again once it is back." />
      )}
      {children}
    </>
  );
}

export function Card({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" id={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export const link = (path: string) => `#${path}`;
