package jp.madoguchi.platform.embedded;

import java.util.List;
import java.util.regex.Pattern;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's H2 backend, except that a query which pins {@code _id} to one value reads that
 * document through the {@code _id} index even when it has further conditions. The stock server uses an
 * index only when the query names exactly the index's fields, so {@code {_id: x, seq: {$lt: n}}} (how
 * the projections apply an event only once, in order) scanned the whole collection: with a few thousand
 * applications that took most of the wire server's time under load. Real MongoDB uses the index for it.
 */
final class IdIndexedH2Backend extends H2Backend {

    private static final String ID = "_id";

    IdIndexedH2Backend(String file) {
        super(file);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Inner, not static: H2Database's constructor already opens the stored collections, before any field of ours is set. */
    private final class Database extends H2Database {

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        /** As {@link H2Database#openOrCreateCollection}, with the same map names. */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            return new Collection(this, collectionName, options, store.openMap("databases." + namespace),
                    store.openMap("meta." + namespace), getCursorRegistry());
        }
    }

    private static final class Collection extends H2Collection {

        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                   MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector) {
            Object id = pinnedId(query);
            if (id != null && (query.size() > 1 || query.containsKey("$and"))) {
                Document byId = new Document(ID, id);
                for (Index<Object> index : getIndexes()) {
                    if (index.getKeys().size() == 1 && index.canHandle(byId)) {
                        // the positions of that one document, matched against the whole query as the stock path does
                        return matchDocuments(query, index.getPositions(byId), orderBy, skip, limit, batchSize, fieldSelector);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }

        /** The single {@code _id} value the query requires, at top level or in a top-level {@code $and}; else null. */
        private static Object pinnedId(Document query) {
            if (query.containsKey(ID)) {
                return plain(query.get(ID));
            }
            if (query.get("$and") instanceof List<?> clauses) {
                for (Object clause : clauses) {
                    if (clause instanceof Document d && d.containsKey(ID) && plain(d.get(ID)) != null) {
                        return d.get(ID);
                    }
                }
            }
            return null;
        }

        private static Object plain(Object value) {
            boolean operatorOrPattern = value instanceof Document || value instanceof Pattern || value instanceof BsonRegularExpression
                    || value == null;
            return operatorOrPattern ? null : value;
        }
    }
}
