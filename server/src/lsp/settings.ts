// Server settings, read once from `initializationOptions`. Unknown or ill-typed values fall back to the
// defaults instead of failing the handshake, because a client with an old or odd configuration must still get
// a working server.
import type { InitializationOptions } from '../protocol/requests';

export interface ServerSettings {
  diagnosticsDelayMs: number;
  analysisInWorker: boolean;
}

export const defaultSettings: ServerSettings = { diagnosticsDelayMs: 150, analysisInWorker: true };

export function readSettings(options: unknown): ServerSettings {
  const o = (typeof options === 'object' && options !== null ? options : {}) as InitializationOptions;
  const delay = o.diagnosticsDelayMs;
  return {
    diagnosticsDelayMs:
      typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(delay, 10_000) : defaultSettings.diagnosticsDelayMs,
    analysisInWorker: typeof o.analysisInWorker === 'boolean' ? o.analysisInWorker : defaultSettings.analysisInWorker,
  };
}
