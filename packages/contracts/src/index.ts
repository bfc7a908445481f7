export * from './errors';
export * from './signatures';
export * from './orders';
export * from './text';
