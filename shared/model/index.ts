export * from './currency';
export * from './holder';
export * from './catalogue';
export * from './listing';
export * from './hit';
export * from './review';
export * from './enforcement';
export * from './discovery';
