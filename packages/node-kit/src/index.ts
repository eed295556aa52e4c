export { pipeWebSocketToSocket, PIPE_HIGH_WATER, type PipeOptions } from './ws-pipe';
export { serveMetrics, type MetricsEndpoint } from './metrics-endpoint';
export { DatagramQueue, onWebSocketDatagram, pipeWebSocketToUdp, webSocketDatagrams, type UdpPipeOptions } from './udp-pipe';
