/** The part of sparql-http-client's SimpleClient that RemoteStore uses (the package ships no types). */
declare module 'sparql-http-client/SimpleClient.js' {
  interface RequestOptions {
    headers?: HeadersInit;
    parameters?: Record<string, string>;
    update?: boolean;
  }
  export default class SimpleClient {
    constructor(options: {
      endpointUrl?: string;
      updateUrl?: string;
      storeUrl?: string;
      user?: string;
      password?: string;
      headers?: HeadersInit;
      fetch?: (url: string | URL, init: RequestInit) => Promise<Response>;
    });
    readonly headers: Headers;
    fetch(url: string | URL, init: RequestInit): Promise<Response>;
    get(query: string, options?: RequestOptions): Promise<Response>;
    postUrlencoded(query: string, options?: RequestOptions): Promise<Response>;
    postDirect(query: string, options?: RequestOptions): Promise<Response>;
  }
}
