// The IoTChain Console: connection, live heads, accounts, and the pages by URL hash.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { devAccounts, extensionAccounts, type Account } from './lib/accounts';
import { connect, type Chain, type Head, type NodeStatus } from './lib/chain';
import { normalizeAccount } from './lib/bytes';
import { DevicePage, DevicesPage } from './pages/devices';
import { MarketPage, MarketsPage } from './pages/markets';
import { NetworkPage } from './pages/network';
import { PaymentsPage } from './pages/payments';
import { ShipmentPage, ShipmentsPage } from './pages/shipments';
import { VerifyPage } from './pages/verify';
import { App, Connected, type AppState, type Settings } from './ui';
import './style.css';

const PAGES: [string, string][] = [
  ['devices', 'Devices'],
  ['verify', 'Verify'],
  ['shipments', 'Shipments'],
  ['payments', 'Payments'],
  ['markets', 'Markets'],
  ['network', 'Network'],
];

/** `?node=ws://…&gateway=http://…` in the URL, else what was used last, else a local dev chain. */
function loadSettings(): Settings {
  const query = new URLSearchParams(location.search);
  const saved = JSON.parse(localStorage.getItem('iotchain.settings') ?? '{}') as Partial<Settings>;
  return {
    nodeUrl: query.get('node') ?? saved.nodeUrl ?? 'ws://127.0.0.1:9944',
    gatewayUrl: (query.get('gateway') ?? saved.gatewayUrl ?? 'http://127.0.0.1:8090').replace(/\/$/, ''),
  };
}

function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const changed = () => setRoute(read());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function Console() {
  const [settings, setSettings] = useState(loadSettings);
  const [chain, setChain] = useState<Chain | null>(null);
  const [status, setStatus] = useState<NodeStatus>('connecting');
  const [connectError, setConnectError] = useState<string | null>(null);
  const [best, setBest] = useState<Head | null>(null);
  const [finalized, setFinalized] = useState<Head | null>(null);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [selected, setSelected] = useState<string | null>(localStorage.getItem('iotchain.account'));
  const route = useRoute();

  useEffect(() => {
    localStorage.setItem('iotchain.settings', JSON.stringify(settings));
    let live: Chain | null = null;
    let stopped = false;
    setChain(null);
    setConnectError(null);
    const failed = setTimeout(() => !live && setConnectError('No answer within 10 seconds: is the node running, and is the URL right?'), 10_000);
    connect(settings.nodeUrl, setStatus).then(
      async (connected) => {
        if (stopped) return connected.client.destroy();
        live = connected;
        clearTimeout(failed);
        setConnectError(null);
        setChain(connected);
        const development = ['Development', 'Local'].includes(connected.chainType);
        const offered = [...(await extensionAccounts()), ...(development ? devAccounts() : [])];
        setAccounts(offered.map((account) => ({ ...account, address: normalizeAccount(account.address) ?? account.address })));
      },
      (error: unknown) => setConnectError(String(error)),
    );
    return () => {
      stopped = true;
      clearTimeout(failed);
      live?.client.destroy();
    };
  }, [settings.nodeUrl]);

  useEffect(() => {
    if (!chain) return;
    const heads = [
      chain.client.finalizedBlock$.subscribe((block) => setFinalized({ number: block.number, hash: block.hash })),
      chain.client.bestBlocks$.subscribe((blocks) => blocks[0] && setBest({ number: blocks[0].number, hash: blocks[0].hash })),
    ];
    return () => heads.forEach((subscription) => subscription.unsubscribe());
  }, [chain]);

  const account = accounts.find((a) => a.address === selected) ?? accounts[0] ?? null;
  const state: AppState = useMemo(
    () => ({
      settings,
      chain,
      status,
      connectError,
      best,
      finalized,
      accounts,
      account,
      selectAccount: (address: string) => {
        localStorage.setItem('iotchain.account', address);
        setSelected(address);
      },
    }),
    [settings, chain, status, connectError, best, finalized, accounts, account],
  );

  const [page, ...args] = route;
  return (
    <App.Provider value={state}>
      <header>
        <a class="brand" href="#/devices">IoTChain Console</a>
        <nav>
          {PAGES.map(([path, name]) => (
            <a href={`#/${path}`} class={page === path || (path === 'devices' && page === 'device') || (path === 'shipments' && page === 'shipment') || (path === 'markets' && page === 'market') ? 'active' : ''}>
              {name}
            </a>
          ))}
        </nav>
        <div class="heads" data-testid="heads">
          <span class={`dot ${status}`} title={`node ${status}`} />
          {best ? `best #${best.number}` : '…'} · {finalized ? `finalized #${finalized.number}` : '…'}
        </div>
        <select aria-label="account" value={account?.address ?? ''} onChange={(e) => state.selectAccount((e.target as HTMLSelectElement).value)}>
          {accounts.length === 0 && <option value="">no account</option>}
          {accounts.map((a) => (
            <option value={a.address}>
              {a.name} ({a.source})
            </option>
          ))}
        </select>
      </header>
      <Endpoints settings={settings} onChange={setSettings} />
      <main>
        <Connected>
          {page === 'device' ? (
            <DevicePage id={args[0] ?? ''} />
          ) : page === 'verify' ? (
            <VerifyPage />
          ) : page === 'shipments' ? (
            <ShipmentsPage />
          ) : page === 'shipment' ? (
            <ShipmentPage id={args[0] ?? ''} />
          ) : page === 'payments' ? (
            <PaymentsPage />
          ) : page === 'markets' ? (
            <MarketsPage />
          ) : page === 'market' ? (
            <MarketPage id={args[0] ?? ''} />
          ) : page === 'network' ? (
            <NetworkPage />
          ) : (
            <DevicesPage owner={page === 'devices' ? args[0] : undefined} />
          )}
        </Connected>
      </main>
    </App.Provider>
  );
}

function Endpoints({ settings, onChange }: { settings: Settings; onChange(settings: Settings): void }) {
  const [draft, setDraft] = useState(settings);
  return (
    <form
      class="endpoints"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ nodeUrl: draft.nodeUrl.trim(), gatewayUrl: draft.gatewayUrl.trim().replace(/\/$/, '') });
      }}
    >
      <label>
        node <input name="node" value={draft.nodeUrl} onInput={(e) => setDraft({ ...draft, nodeUrl: (e.target as HTMLInputElement).value })} />
      </label>
      <label>
        gateway <input name="gateway" value={draft.gatewayUrl} onInput={(e) => setDraft({ ...draft, gatewayUrl: (e.target as HTMLInputElement).value })} />
      </label>
      <button type="submit">Connect</button>
    </form>
  );
}

render(<Console />, document.getElementById('app')!);
