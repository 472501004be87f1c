// A typed client for the Grapevine app (JSON API, game socket, web client socket), shared by the
// traffic generator, the benchmarks and the integration and browser tests. The protocol is the one
// the app serves (the api.ts of its accounts and games, its sockets) and its unit tests pin.
export { createGrapevineClient } from './http-client.js';
export type { ClientOptions, GrapevineClient, RequestOptions } from './http-client.js';
export { connectGame } from './game-socket.js';
export type { GameCredentials, GameSocket } from './game-socket.js';
export { openWebClient } from './web-client.js';
export type { WebClient } from './web-client.js';
export type { CloseInfo, SocketOptions } from './framed-socket.js';
export { expectStatus, isApiError } from './assert.js';
export { GrapevineNetworkError, GrapevineSocketError } from './errors.js';
export { emailFor, gameName, password, username } from './names.js';
export type * from './types.js';
