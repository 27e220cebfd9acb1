/**
 * The store contract on a real SPARQL server: RUNGRAPH_TEST_SPARQL=sparql+http://HOST:PORT/sparql
 * (.ci/run starts Virtuoso and sets it). Skipped, saying so, when the variable is unset.
 */
import { RemoteStore } from '../../src/store/remote/remote-store.js';
import { describeStoreContract } from '../store/store-contract.js';

const endpoint = process.env.RUNGRAPH_TEST_SPARQL;

if (endpoint) {
  describeStoreContract(`remote (${endpoint}, default settings)`, async () => RemoteStore.open(endpoint));
  describeStoreContract(`remote (${endpoint}, update writes)`, async () => RemoteStore.open(endpoint, { write: 'update' }));
  describeStoreContract(`remote (${endpoint}, Graph Store Protocol writes)`, async () => RemoteStore.open(endpoint, { write: 'gsp' }));
} else {
  describe('store contract: remote', function () {
    it('needs RUNGRAPH_TEST_SPARQL=sparql+http://HOST:PORT/sparql (set by .ci/run, which starts Virtuoso)', function () {
      this.skip();
    });
  });
}
