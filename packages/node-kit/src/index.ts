export { pipeWebSocketToSocket, PIPE_HIGH_WATER, type PipeOptions } from './ws-pipe';
export { serveMetrics, type MetricsEndpoint } from './metrics-endpoint';
