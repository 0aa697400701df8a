// Package suggest proposes the word a misspelled one was probably meant to
// be: a context key, a command, a flag or a sample name. It needs no jsii,
// so the CDK app's configuration and the command line share it.
package suggest

import "strings"

// MaxEdits is the largest edit distance at which a candidate counts as a
// near miss.
const MaxEdits = 2

// Closest returns the candidate word most probably meant, and whether there
// is one. A candidate is a near miss when it equals word ignoring case, when
// one of them starts with the other (ignoring case), or when it is at most
// MaxEdits single-character insertions, deletions or substitutions away.
// Among near misses the one with the smallest edit distance wins, a
// candidate that word starts (a word of at least 3 characters that was cut
// short) counting as distance 1; ties go to the earlier candidate.
func Closest(word string, candidates []string) (string, bool) {
	lower := strings.ToLower(word)
	best, bestScore, bestDist := "", 0, 0
	for _, c := range candidates {
		cl := strings.ToLower(c)
		dist := Distance(lower, cl)
		score := dist
		switch {
		case cl == lower:
			score = 0
		case len(lower) >= 3 && strings.HasPrefix(cl, lower):
			score = min(dist, 1)
		case strings.HasPrefix(cl, lower) || strings.HasPrefix(lower, cl):
		case dist <= MaxEdits:
		default:
			continue
		}
		if lower == "" || cl == "" {
			continue
		}
		if best == "" || score < bestScore || (score == bestScore && dist < bestDist) {
			best, bestScore, bestDist = c, score, dist
		}
	}
	return best, best != ""
}

// Distance is the Levenshtein distance of a and b, counted in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
