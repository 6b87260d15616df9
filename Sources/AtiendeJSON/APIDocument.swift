/// The API's one source, openapi.json, as compiled into the program: served at
/// `/api/openapi.json`, and read by the server for each operation's access rule.
public enum APIDocument {
    public static var bytes: [UInt8] { PackageResources.openapi_json }
}
