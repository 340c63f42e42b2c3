export * from './access';
export * from './consent';
export * from './contacts';
export * from './operations';
export * from './suppressions';
export * from './topics';
