// Ambient declarations for the Tauri 2 global API (withGlobalTauri) used by api.js only.
export {};

declare global {
  interface TauriCore {
    invoke<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  }
  interface Window {
    __TAURI__?: { core: TauriCore };
  }
}
