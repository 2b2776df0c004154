/* sopkit: Chinese query segmentation for Material for MkDocs' search worker.
 *
 * Material splits a Chinese query into terms by looking up its substrings in the index,
 * but never looks at a substring that ends with the query's last character: 客户投诉处理
 * is searched as 客户 投诉 (处理 is dropped) and 派车 as 派 (so every 派… matches). This
 * replaces that lookup with forward maximum matching against the same index, last
 * character included. Characters no indexed term starts with are kept together as one
 * term, so a word still being typed works as a prefix.
 *
 * The terms go back as one space-separated string: Material joins what it gets with "* ",
 * and its query parser then adds another "*", so separate terms would end in "**" and be
 * reported as missing under every result.
 */
function sopkitSegment(text, index) {
  var terms = [], unknown = ""
  for (var start = 0; start < text.length;) {
    var end = text.length
    while (end > start && !(text.slice(start, end) in index))
      end--
    if (end > start) {
      if (unknown) terms.push(unknown)
      unknown = ""
      terms.push(text.slice(start, end))
      start = end
    } else {
      unknown += text[start++]
    }
  }
  if (unknown) terms.push(unknown)
  return new Set([terms.join(" ")])
}
