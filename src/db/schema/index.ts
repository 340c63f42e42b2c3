export * from './access';
export * from './audit';
export * from './consent';
export * from './contacts';
export * from './operations';
export * from './service-meta';
export * from './suppressions';
export * from './topics';
