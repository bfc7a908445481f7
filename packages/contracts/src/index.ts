export * from './errors';
export * from './signatures';
export * from './orders';
