// The protobuf encoding of libSQL's HTTP protocol as the Worker bundles it (wrangler.toml
// [alias]): absent. @libsql/client opens its HTTP connection at protocol version 2
// (`hrana.openHttp` without a version), whose only encoding is JSON; the protobuf readers and
// writers are reached only from a version 3 endpoint, which this client never asks for.
const absent = () => {
  throw new Error("libSQL's protobuf encoding is not part of the Worker bundle");
};

// http/protobuf_encode.js, http/protobuf_decode.js, shared/protobuf_decode.js, encoding/protobuf/*.
export const PipelineReqBody = absent;
export const CursorReqBody = absent;
export const PipelineRespBody = absent;
export const CursorRespBody = absent;
export const CursorEntry = absent;
export const readProtobufMessage = absent;
export const writeProtobufMessage = absent;
// ws/protobuf_*.js: the WebSocket client, which the HTTP-only Worker leaves out anyway, imports
// these by the same relative paths.
export const ClientMsg = absent;
export const ServerMsg = absent;
