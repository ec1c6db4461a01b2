/**
 * The command line runs in production mode unless told otherwise (NODE_ENV=development): graphql-js decides once, when
 * it is first loaded, whether to check every `instanceof` across realms (development) or not, and Express whether to
 * cache. So this module is main.ts's first import, before anything that loads graphql. Stack traces and internal
 * messages do not follow NODE_ENV here: only `serve --debug` shows them.
 */
process.env.NODE_ENV ??= 'production';
