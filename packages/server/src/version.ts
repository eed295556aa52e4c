export { WARREN_VERSION as VERSION } from '@warren/sdk';
