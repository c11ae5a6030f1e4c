using System.Runtime.InteropServices;

namespace DailyPapers.Papers;

internal abstract partial class PaperRowSetWriter
{
    /// <summary>
    /// The few SQLite calls the batch writer makes per value, straight into the e_sqlite3 library that
    /// SQLitePCLRaw loads for Microsoft.Data.Sqlite (the same library, found the same way). Through SQLitePCLRaw
    /// each call also counts a reference on the statement's SafeHandle, goes through the provider interface, and
    /// binds text as SQLITE_TRANSIENT (SQLite copies it into memory it allocates); an import makes some 40 such
    /// calls per paper. The statement's handle stays owned and finalized by its SafeHandle.
    /// </summary>
    private static partial class SqliteNative
    {
        private const string Library = "e_sqlite3";

        /// <summary>SQLITE_STATIC: the caller keeps the bound text alive and unchanged until it is bound again.</summary>
        public static readonly IntPtr Static = IntPtr.Zero;

        [LibraryImport(Library)]
        public static partial int sqlite3_bind_text(IntPtr statement, int index, IntPtr text, int length, IntPtr destructor);

        [LibraryImport(Library)]
        public static partial int sqlite3_bind_int64(IntPtr statement, int index, long value);

        [LibraryImport(Library)]
        public static partial int sqlite3_bind_null(IntPtr statement, int index);

        [LibraryImport(Library)]
        public static partial int sqlite3_step(IntPtr statement);

        [LibraryImport(Library)]
        public static partial int sqlite3_reset(IntPtr statement);
    }
}
