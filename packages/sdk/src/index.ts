export * from './errors';
export * from './users';
export * from './organizations';
export * from './apikeys';
export * from './buildinfo';
export * from './client';
export * from './options';
