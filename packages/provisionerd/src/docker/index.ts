// Warren's `kreuzwerker/docker` Terraform provider, served in-process through TF_REATTACH_PROVIDERS.
export { DOCKER_PROVIDER_ADDRESS, dockerProvider, type DockerProviderOptions } from './provider.js';
export { serveDockerProvider, type ServeDockerProviderOptions } from './serve.js';
