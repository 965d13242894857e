// Signals "first interactive screen" exactly like OCOP Desk does, so start-up times compare.
document.body.dataset.ready = '1';
window.__TAURI__.core.invoke('ui_ready');
