export { runAgent, type Agent, type RunAgentOptions } from './agent';
export { AGENT_OPTIONS, agentOptionsFromValues, optionValuesFromEnv, AgentOptionError } from './options';
export { AgentStats, type SessionKind, type ConnectionProto } from './stats';
export { listeningPorts, parseProcNetTcp } from './ports';
export { agentVersionString } from './version';
