export * from './errors';
export * from './signatures';
export * from './orders';
export * from './business';
export * from './join-qr';
export * from './error-codes';
export * from './text';
export * from './console';
