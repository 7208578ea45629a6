/** The package har-schema: the JSON Schemas (draft-06) of HAR 1.2, by name (`har`, `log`, `entry`, ...). */
declare module 'har-schema' {
  const schemas: Record<string, object>;
  export = schemas;
}
