#!/bin/sh
# Regenerates the static TypeScript codecs and grpc-js service definitions beside each .proto.
# Run through `npm run gen:proto -w @warren/provisionerd`; needs protoc (Debian: protobuf-compiler).
set -eu
cd "$(dirname "$0")"
protoc \
  --plugin=protoc-gen-ts_proto="$(command -v protoc-gen-ts_proto)" \
  --ts_proto_out=. \
  --ts_proto_opt=outputServices=grpc-js,esModuleInterop=true,importSuffix=.js,forceLong=number \
  --ts_proto_opt=useOptionals=all,outputJsonMethods=false,outputPartialMethods=false,outputTypeRegistry=false \
  tfplugin6.proto goplugin.proto health.proto
