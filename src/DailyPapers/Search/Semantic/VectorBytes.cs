using System.Runtime.InteropServices;

namespace DailyPapers.Search.Semantic;

/// <summary>How a vector is stored in the database: float32, little-endian, nothing else.</summary>
public static class VectorBytes
{
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = MemoryMarshal.AsBytes(vector).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Vectors are stored little-endian.");
        }
        return bytes;
    }

    public static float[] Decode(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
