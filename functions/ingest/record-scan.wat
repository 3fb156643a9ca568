;; The record count's vector scan (record-scan.ts): 64 bytes at a time as bit masks, bit i for byte i of the block.
;; Compiled by `npm run build:wasm` into record-scan-wasm.ts; a test checks that file is this source's build.
;;
;; Inside quotes is the parity of the quotes so far (prefix XOR of the quote mask), which is what the CSV machine says
;; as long as every quote that opens a value follows a delimiter, a line end or a closing quote. A block where one does
;; not (a quote inside an unquoted value, a byte-order mark before the first quote) stops the scan with exception = 1:
;; the caller reads that piece with its byte loop instead, so the counts never depend on the shortcut.
;;
;; Memory: results at 0 (i32 each), the bytes to scan from 64.
;;   0 exception   1 records ended (line ends outside quotes after a non-empty record)
;;   2 LF alone    3 CRLF    4 CR alone (followed, in the piece, by a byte that is not LF)
;;   5 first line end outside quotes (-1: none)   6 last one   7 inside quotes after the piece   8 ends with a CR outside quotes
(module
  (memory (export "memory") 17)

  ;; The mask of the bytes equal to $k in the 64 bytes held in $a $b $c $d.
  (func $mask (param $a v128) (param $b v128) (param $c v128) (param $d v128) (param $k v128) (result i64)
    (i64.or
      (i64.or
        (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $a) (local.get $k))))
        (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $b) (local.get $k)))) (i64.const 16)))
      (i64.or
        (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c) (local.get $k)))) (i64.const 32))
        (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $d) (local.get $k)))) (i64.const 48)))))

  ;; Scans $len bytes (a multiple of 64). The carried state says what the byte before the piece was: $inside (all ones
  ;; inside quotes, else 0), $prevLE (1: a line end outside quotes, or the start of the file), $prevCR (1: a CR outside
  ;; quotes), $prevSpecial (1: a quote now would open a value).
  (func (export "scan") (param $len i32) (param $delim i32) (param $inside i64) (param $prevLE i64) (param $prevCR i64) (param $prevSpecial i64)
    (local $p i32) (local $end i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $q i64) (local $lf i64) (local $cr i64) (local $dl i64) (local $x i64)
    (local $outLF i64) (local $outCR i64) (local $outLE i64) (local $special i64) (local $pcr i64)
    (local $records i32) (local $nlf i32) (local $ncrlf i32) (local $ncr i32) (local $first i32) (local $last i32)
    (local.set $p (i32.const 64))
    (local.set $end (i32.add (i32.const 64) (local.get $len)))
    (local.set $first (i32.const -1))
    (local.set $last (i32.const -1))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $a (v128.load (local.get $p)))
        (local.set $b (v128.load offset=16 (local.get $p)))
        (local.set $c (v128.load offset=32 (local.get $p)))
        (local.set $d (v128.load offset=48 (local.get $p)))
        (local.set $q (call $mask (local.get $a) (local.get $b) (local.get $c) (local.get $d) (i8x16.splat (i32.const 34))))
        (local.set $lf (call $mask (local.get $a) (local.get $b) (local.get $c) (local.get $d) (i8x16.splat (i32.const 10))))
        (local.set $cr (call $mask (local.get $a) (local.get $b) (local.get $c) (local.get $d) (i8x16.splat (i32.const 13))))
        (local.set $dl (call $mask (local.get $a) (local.get $b) (local.get $c) (local.get $d) (i8x16.splat (local.get $delim))))
        ;; Inside quotes: bit i is the parity of the quotes up to byte i, carried from the block before.
        (local.set $x (local.get $q))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 1))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 2))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 4))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 8))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 16))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 32))))
        (local.set $x (i64.xor (local.get $x) (local.get $inside)))
        (local.set $inside (i64.shr_s (local.get $x) (i64.const 63)))
        (local.set $special (i64.or (i64.or (local.get $q) (local.get $dl)) (i64.or (local.get $lf) (local.get $cr))))
        ;; An opening quote (parity odd from it on) whose byte before is none of quote, delimiter, LF, CR: hand over.
        (if (i64.ne (i64.const 0)
              (i64.and (i64.and (local.get $q) (local.get $x))
                (i64.xor (i64.or (i64.shl (local.get $special) (i64.const 1)) (local.get $prevSpecial)) (i64.const -1))))
          (then (i32.store (i32.const 0) (i32.const 1)) (return)))
        (local.set $outLF (i64.and (local.get $lf) (i64.xor (local.get $x) (i64.const -1))))
        (local.set $outCR (i64.and (local.get $cr) (i64.xor (local.get $x) (i64.const -1))))
        (local.set $outLE (i64.or (local.get $outLF) (local.get $outCR)))
        ;; $pcr: the byte before is a CR outside quotes.
        (local.set $pcr (i64.or (i64.shl (local.get $outCR) (i64.const 1)) (local.get $prevCR)))
        ;; A line end ends a record unless the byte before is a line end too (a blank line, or the LF of a CRLF).
        (local.set $records (i32.add (local.get $records) (i32.wrap_i64 (i64.popcnt
          (i64.and (local.get $outLE) (i64.xor (i64.or (i64.shl (local.get $outLE) (i64.const 1)) (local.get $prevLE)) (i64.const -1)))))))
        (local.set $ncrlf (i32.add (local.get $ncrlf) (i32.wrap_i64 (i64.popcnt (i64.and (local.get $outLF) (local.get $pcr))))))
        (local.set $nlf (i32.add (local.get $nlf) (i32.wrap_i64 (i64.popcnt (i64.and (local.get $outLF) (i64.xor (local.get $pcr) (i64.const -1)))))))
        (local.set $ncr (i32.add (local.get $ncr) (i32.wrap_i64 (i64.popcnt (i64.and (local.get $pcr) (i64.xor (local.get $outLF) (i64.const -1)))))))
        (if (i64.ne (local.get $outLE) (i64.const 0))
          (then
            (if (i32.lt_s (local.get $first) (i32.const 0))
              (then (local.set $first (i32.add (i32.sub (local.get $p) (i32.const 64)) (i32.wrap_i64 (i64.ctz (local.get $outLE)))))))
            (local.set $last (i32.add (i32.sub (local.get $p) (i32.const 64)) (i32.sub (i32.const 63) (i32.wrap_i64 (i64.clz (local.get $outLE))))))))
        (local.set $prevLE (i64.shr_u (local.get $outLE) (i64.const 63)))
        (local.set $prevCR (i64.shr_u (local.get $outCR) (i64.const 63)))
        (local.set $prevSpecial (i64.shr_u (local.get $special) (i64.const 63)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $blocks)))
    (i32.store (i32.const 0) (i32.const 0))
    (i32.store (i32.const 4) (local.get $records))
    (i32.store (i32.const 8) (local.get $nlf))
    (i32.store (i32.const 12) (local.get $ncrlf))
    (i32.store (i32.const 16) (local.get $ncr))
    (i32.store (i32.const 20) (local.get $first))
    (i32.store (i32.const 24) (local.get $last))
    (i32.store (i32.const 28) (i32.wrap_i64 (i64.and (local.get $inside) (i64.const 1))))
    (i32.store (i32.const 32) (i32.wrap_i64 (local.get $prevCR)))))
